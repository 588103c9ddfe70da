from django.urls import path

from . import views

app_name = "tasks"

urlpatterns = [
    path("", views.TaskListView.as_view(), name="task-list"),
    path("board/", views.TaskBoardView.as_view(), name="task-board"),
    path("completion/", views.TaskCompletionView.as_view(), name="task-completion"),
    path("<int:pk>/", views.TaskDetailView.as_view(), name="task-detail"),
    path("<int:pk>/progress/", views.TaskProgressView.as_view(), name="task-progress"),
    path("<int:pk>/complete/", views.TaskCompleteView.as_view(), name="task-complete"),
    path("<int:pk>/cancel/", views.TaskCancelView.as_view(), name="task-cancel"),
]
