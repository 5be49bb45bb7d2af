"""Kompetencefond pages."""

from django.urls import path

from funding.views import pages

urlpatterns = [
    path("funding/", pages.application_list, name="funding_list"),
    path("funding/mine/", pages.mine, name="funding_mine"),
    path("funding/to-sign/", pages.to_sign, name="funding_to_sign"),
    path("funding/new/", pages.create, name="funding_create"),
    path("funding/departments/", pages.department_figures, name="funding_figures"),
    path("funding/<int:pk>/", pages.application_detail, name="funding_detail"),
    path("funding/<int:pk>/sign/", pages.sign, name="funding_sign"),
    path("funding/<int:pk>/submit/", pages.submit, name="funding_submit"),
    path("funding/<int:pk>/decide/", pages.decide, name="funding_decide"),
    path("funding/<int:pk>/costs/", pages.costs, name="funding_costs"),
]
