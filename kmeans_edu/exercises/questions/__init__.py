"""The "predict, then run" and "check your understanding" questions, one module per notebook."""

from . import nb01, nb02, nb03, nb04, nb05, nb06, nb07, nb08a, nb08b  # noqa: F401
