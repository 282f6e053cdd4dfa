"""A plan as an XLSX workbook: the template (sheets), export, read, check and load; and plan revisions.

    content = export.workbook_bytes(plan)                    # the plan's workbook
    sheets = read.read_workbook(fileobj, filename)           # ImportFileError if the file is unusable
    checked = check.check(sheets)                            # every problem with sheet, row and reason
    plan, checked = load.load_plan(sheets, user=user)        # a draft plan, all or nothing (WorkbookRejected)
    revise.revise_plan(plan, version_note=..., reason=..., adopted_on=..., adopted_by=..., by=user)

It spans the plan and the scorecard, so it lives in indicators (plans never imports indicators).
"""
