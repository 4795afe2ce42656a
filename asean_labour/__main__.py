"""`python -m asean_labour`."""

from asean_labour.cli import main

main()
