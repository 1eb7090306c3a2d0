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
            # Drafts, and briefs entered as history whose agreeing decision is not yet on record.
            candidates=lambda partnership: partnership.design_briefs.filter(
                agreed_by__isnull=True
            ).exclude(status="closed"),
            apply=brief_agree,
        )
        decisions.register_paper(
            model="briefs.DesignBrief",
            label="Design brief",
            candidates=lambda partnership: partnership.design_briefs.all(),
        )
