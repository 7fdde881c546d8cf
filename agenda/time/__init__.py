"""Time: the one zone lookup, the person-zone policy, wall-clock slots and local times."""
