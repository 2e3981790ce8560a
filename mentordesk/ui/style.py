"""The few colours the ui sets itself; everything else follows the system palette."""

ERROR_COLOUR = "#b3261e"  # readable on light and dark palettes
ERROR_STYLE = f"color: {ERROR_COLOUR};"
