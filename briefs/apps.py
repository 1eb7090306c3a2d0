from django.apps import AppConfig


class BriefsConfig(AppConfig):
    name = "briefs"

    def ready(self):
        from briefs.services import brief_agree
        from cip import decisions

        decisions.register(
            key="brief_agree",
            label="Agree a design brief",
            model="briefs.DesignBrief",
            candidates=lambda partnership: partnership.design_briefs.filter(status="draft"),
            apply=brief_agree,
        )
        decisions.register_paper(
            model="briefs.DesignBrief",
            label="Design brief",
            candidates=lambda partnership: partnership.design_briefs.all(),
        )
