"""The print station: staff find, personalise and print handouts from a browser."""
