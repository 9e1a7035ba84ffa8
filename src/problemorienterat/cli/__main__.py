"""``python -m problemorienterat.cli``."""

from problemorienterat.cli import main

main()
