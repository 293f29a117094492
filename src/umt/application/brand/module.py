"""The brand context: brands, their audiences and competitors, and projects."""

from __future__ import annotations

from umt.application.brand import (
    archive_brand,
    assign_project,
    audiences,
    brand_queries,
    change_project_status,
    competitors,
    create_brand,
    create_project,
    delete_brand,
    delete_project,
    project_queries,
    update_brand,
    update_project,
)
from umt.application.context_module import ContextModule

MODULE = ContextModule(
    name="brand",
    handlers=(
        create_brand.create_brand,
        update_brand.update_brand,
        archive_brand.archive_brand,
        archive_brand.restore_brand,
        delete_brand.delete_brand,
        brand_queries.get_brand,
        brand_queries.list_brands,
        audiences.add_audience,
        audiences.update_audience,
        audiences.archive_audience,
        audiences.remove_audience,
        audiences.get_audience,
        audiences.list_audiences,
        competitors.add_competitor,
        competitors.update_competitor,
        competitors.archive_competitor,
        competitors.remove_competitor,
        competitors.get_competitor,
        competitors.list_competitors,
        create_project.create_project,
        update_project.update_project,
        assign_project.assign_project,
        change_project_status.change_project_status,
        delete_project.delete_project,
        project_queries.get_project,
        project_queries.list_projects,
    ),
)
