"""Format modules for the languages Django ships none for (bo, ii): FORMAT_MODULE_PATH."""
