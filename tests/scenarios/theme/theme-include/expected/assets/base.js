From the theme.
