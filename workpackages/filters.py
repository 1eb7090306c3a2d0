import django_filters

from briefs.models import DesignBrief, PriorityArea
from cip.archive import ArchivedFilterMixin
from workpackages.models import DeliveryContract, WorkPackage


class WorkPackageFilter(ArchivedFilterMixin):
    title = django_filters.CharFilter(lookup_expr="icontains", label="Title contains")
    stage = django_filters.ChoiceFilter(choices=WorkPackage.Stage.choices, empty_label="Any stage")
    delivery_model = django_filters.ChoiceFilter(
        choices=WorkPackage.DeliveryModel.choices, empty_label="Any delivery model"
    )
    rag = django_filters.ChoiceFilter(
        label="RAG status", choices=WorkPackage.Rag.choices, empty_label="Any RAG status"
    )
    priority_area = django_filters.ModelChoiceFilter(
        queryset=PriorityArea.objects.none(), empty_label="Any priority area"
    )
    brief = django_filters.ModelChoiceFilter(
        label="Originating brief", queryset=DesignBrief.objects.none(), empty_label="Any brief"
    )

    class Meta:
        model = WorkPackage
        fields = ["title", "stage", "delivery_model", "rag", "priority_area", "brief"]

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["priority_area"].queryset = partnership.priority_areas.all()
        self.filters["brief"].queryset = partnership.design_briefs.order_by("number")


class ContractFilter(ArchivedFilterMixin):
    reference = django_filters.CharFilter(lookup_expr="icontains", label="Reference contains")
    status = django_filters.ChoiceFilter(
        choices=DeliveryContract.Status.choices, empty_label="Any status"
    )
    work_package = django_filters.ModelChoiceFilter(
        queryset=WorkPackage.objects.none(), empty_label="Any work package"
    )

    class Meta:
        model = DeliveryContract
        fields = ["reference", "status", "work_package"]

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["work_package"].queryset = partnership.work_packages.order_by("title")
