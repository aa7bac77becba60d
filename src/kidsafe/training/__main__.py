import sys

from kidsafe.training import main

sys.exit(main())
