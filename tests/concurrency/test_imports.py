"""Import jobs under concurrent workers, in real threads: a job picked by two workers runs once,
and two imports of the same file (rows with source record ids) running at once never create the
same records twice."""

import pytest

from waypoint.access.roles import Role
from waypoint.audit.models import AuditEvent
from waypoint.cases.models import Case, CasePerson
from waypoint.exchange import services, tasks
from waypoint.exchange.choices import JobStatus
from waypoint.exchange.models import ExternalReference, ImportJob
from waypoint.exchange.tests.conftest import csv_bytes
from waypoint.people.models import Person
from waypoint.referrals.tests.helpers import race
from waypoint.testing.factories import actor_for, member

pytestmark = pytest.mark.django_db(transaction=True)


def _rows(count):
    return [
        {
            "ext_SourceRecordId": f"R-{number}",
            "ext_CaseReference": f"CASE-{number // 2}",
            "ext_PersonReference": f"P-{number}",
            "ext_Role": "victim",
            "prs_FirstName": f"Guest{number}",
            "prs_SecondName": "Testcase",
            "prs_Gender": "Feminine",
            "vic_TypeOfExploitation": "ForcedLabour",
            "cas_Status": "Active",
        }
        for number in range(count)
    ]


def _queued(actor, content):
    """An import job as the upload page leaves it: stored, queued, not yet run."""
    upload = services.store_upload(content, original_name="partner.csv")
    with pytest.MonkeyPatch.context() as patch:
        # The page enqueues the job on commit; here the workers below pick it instead.
        patch.setattr(services.imports, "enqueue_on_commit", lambda *_args: None)
        return services.import_request(
            actor=actor, upload=upload, file_format="csv", is_dry_run=False
        )


def _counts():
    return (Person.objects.count(), Case.objects.count(), CasePerson.objects.count())


def test_a_job_picked_by_two_workers_runs_once(org_a, org_b):
    actor = actor_for(member(org_a, Role.CASE_SUPERVISOR), org_a)
    job = _queued(actor, csv_bytes(_rows(6)))
    results = race(lambda: tasks.run_import.call(job.pk), lambda: tasks.run_import.call(job.pk))
    assert not any(isinstance(result, Exception) for result in results), results
    stored = ImportJob.objects.get(pk=job.pk)
    assert stored.status == JobStatus.SUCCEEDED and stored.records_created == 6
    assert _counts() == (6, 3, 6)
    assert (
        AuditEvent.objects.filter(action="exchange.import", target_id=str(job.public_id)).count()
        == 1
    )


def test_the_same_file_imported_twice_at_once_creates_each_record_once(org_a, org_b):
    actor = actor_for(member(org_a, Role.CASE_SUPERVISOR), org_a)
    content = csv_bytes(_rows(40))
    jobs = [_queued(actor, content), _queued(actor, content)]
    results = race(*(lambda job=job: tasks.run_import.call(job.pk) for job in jobs))
    assert not any(isinstance(result, Exception) for result in results), results
    assert _counts() == (40, 20, 40)
    assert ExternalReference.objects.filter(organisation=org_a).count() == 20 + 40
    stored = [ImportJob.objects.get(pk=job.pk) for job in jobs]
    # Both succeed: the later one waits for the first to finish writing, then finds every row
    # already imported, unchanged.
    assert [job.status for job in stored] == [JobStatus.SUCCEEDED, JobStatus.SUCCEEDED], [
        job.message for job in stored
    ]
    assert sorted(job.records_created for job in stored) == [0, 40]
    assert sorted(job.records_unchanged for job in stored) == [0, 40]
