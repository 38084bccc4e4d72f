"""`python -m verifier` is the `verifier` command.

Guarded: the page readers' worker processes (`pipeline.PageReader`) import the main module
of the process that started them, which must not run the command again.
"""

from verifier.cli import main

if __name__ == "__main__":
    main()
