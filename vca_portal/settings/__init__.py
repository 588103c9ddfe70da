"""Settings by profile: ``base`` is shared; ``local``, ``production``, ``test`` extend it."""
