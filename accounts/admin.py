from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "get_full_name", "role", "province", "unit", "is_active"]
    list_filter = ["role", "is_active", "unit"]
    list_select_related = ["province", "unit"]
    autocomplete_fields = ["province", "unit"]
    fieldsets = [
        *BaseUserAdmin.fieldsets,
        (_("Role and assignment"), {"fields": ["role", "province", "unit"]}),
    ]
    add_fieldsets = [
        *BaseUserAdmin.add_fieldsets,
        (_("Role and assignment"), {"fields": ["role", "province", "unit"]}),
    ]
