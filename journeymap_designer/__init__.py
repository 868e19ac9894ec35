"""Journey Map Designer: design customer journey maps and the lifecycle playbooks that come from them."""

__version__ = "0.1.0"
