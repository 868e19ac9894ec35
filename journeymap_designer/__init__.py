"""Journey Map Designer: design customer journey maps and the lifecycle playbooks that come from them."""

__version__ = "0.1.0"

# The desktop id (reverse DNS): the .desktop and metainfo file names, the icon's name in the theme,
# the window's app id on Wayland. packaging/ names every installed file after it.
APP_ID = "io.github.journeymap.Designer"
