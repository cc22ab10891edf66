"""What a person may see: one module per area, each returning access-checked querysets.

Every function here fails closed: a scope or role it does not know returns nothing.
"""
