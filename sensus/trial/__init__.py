"""The census trial: tools that put the real deployment under bad networks and peak load."""
