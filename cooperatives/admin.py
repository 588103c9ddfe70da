from django.contrib import admin

from .models import Province


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "division_type", "valid_from", "valid_to", "successor"]
    list_filter = ["division_type", "valid_to"]
    search_fields = ["code", "name"]
    list_select_related = ["successor"]
