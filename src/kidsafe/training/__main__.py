"""``python -m kidsafe.training [--data-dir DIR] [--out-dir DIR]``."""

import argparse
import sys

from kidsafe.training import main

parser = argparse.ArgumentParser(prog="python -m kidsafe.training", description=main.__doc__)
parser.add_argument("--data-dir", default=None, help="shared data folder (default KIDSAFE_DATA_DIR, ../shared/data)")
parser.add_argument("--out-dir", default=None, help="models folder (default KIDSAFE_MODELS_DIR, models/)")
args = parser.parse_args()
sys.exit(main(args.data_dir, args.out_dir))
