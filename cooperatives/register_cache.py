"""The generation of the cooperative register's cached answers (``vca_portal.api.read_cache``),
bumped by any change to a cooperative or a province."""

from vca_portal.cache_generations import CacheGeneration

register_generation = CacheGeneration("cooperatives:register:generation")


def connect_signals() -> None:
    from django.db.models.signals import post_delete, post_save

    from .models import Cooperative, Province

    for model in (Cooperative, Province):
        uid = f"register-cache-{model.__name__}"
        receiver = register_generation.invalidate_on_commit
        post_save.connect(receiver, sender=model, dispatch_uid=f"{uid}-save", weak=False)
        post_delete.connect(receiver, sender=model, dispatch_uid=f"{uid}-delete", weak=False)
