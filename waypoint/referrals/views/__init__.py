"""Pages of the National Referral Mechanism."""
