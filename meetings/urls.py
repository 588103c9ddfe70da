from django.urls import path

from . import views

app_name = "meetings"

urlpatterns = [
    path("", views.MeetingListView.as_view(), name="meeting-list"),
    path("calendar/", views.MeetingCalendarView.as_view(), name="meeting-calendar"),
    path("new/", views.MeetingCreateView.as_view(), name="meeting-create"),
    path("<int:pk>/", views.MeetingDetailView.as_view(), name="meeting-detail"),
    path("<int:pk>/edit/", views.MeetingUpdateView.as_view(), name="meeting-edit"),
    path("<int:pk>/minutes/", views.MeetingMinutesView.as_view(), name="meeting-minutes"),
    path(
        "<int:pk>/minutes/edit/",
        views.MeetingMinutesEditView.as_view(),
        name="meeting-minutes-edit",
    ),
    path("<int:pk>/attendance/", views.AttendanceAddView.as_view(), name="meeting-attendance-add"),
    path("<int:pk>/votes/", views.VoteAddView.as_view(), name="meeting-vote-add"),
    path("<int:pk>/conclusions/", views.ConclusionAddView.as_view(), name="meeting-conclusion-add"),
    path(
        "conclusions/<int:pk>/tasks/", views.ConclusionTasksView.as_view(), name="conclusion-tasks"
    ),
    path("documents/", views.DocumentListView.as_view(), name="document-list"),
    path("documents/new/", views.DocumentCreateView.as_view(), name="document-create"),
    path("documents/<int:pk>/", views.DocumentDetailView.as_view(), name="document-detail"),
    path("documents/<int:pk>/edit/", views.DocumentUpdateView.as_view(), name="document-edit"),
]
