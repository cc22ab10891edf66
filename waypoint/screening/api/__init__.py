"""The screening API (views in screenings.py and instruments.py, shapes in serializers.py)."""
