"""asean-labour: the ASEAN labour cooperation work-plan tracker."""

__version__ = "0.1.0"
