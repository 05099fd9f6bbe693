#!/usr/bin/env python
"""Django's command-line utility; the same as the `sciencecity` console script."""

from sciencecity.manage import main

if __name__ == "__main__":
    main()
