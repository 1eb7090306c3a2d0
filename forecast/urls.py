from django.urls import path

from forecast import views

app_name = "forecast"

urlpatterns = [
    path("", views.forecast_list, name="list"),
    path("new/", views.forecast_create, name="create"),
    path("<int:pk>/", views.forecast_detail, name="detail"),
]
