from django.urls import path


def boom(request):
    raise RuntimeError("secret internals: SELECT * FROM employees_employee")


urlpatterns = [path("boom/", boom)]
