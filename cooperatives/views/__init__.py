"""The browser pages of monthly reporting and the cooperative register."""
