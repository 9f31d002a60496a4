"""`python -m handout` runs the command line."""

from handout.entry import main

main()
