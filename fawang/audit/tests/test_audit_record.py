from fawang.accounts.tests.minimal_rows import service_order
from fawang.audit.models import AuditEntry
from fawang.audit.services import audit_record
from fawang.core.context import request_meta
from fawang.core.identity import id_check_digit

ID_NUMBER = "51010719900307123" + id_check_digit("51010719900307123")


def test_records_who_what_channel_and_ip_with_personal_fields_masked(wuhou_clerk):
    order = service_order("510107")
    with request_meta(channel="window", ip="10.1.2.3"):
        entry = audit_record(
            actor=wuhou_clerk,
            action="order.update",
            entity=order,
            before={"applicant_phone": "13912345678", "status": "submitted"},
            after={
                "applicant_phone": "13912340000",
                "applicant_phone_index": "deadbeef",
                "applicant_id_number": ID_NUMBER,
                "guardian_phone": "13700001111",
                "contact": {"phone": "13600002222"},
                "status": "accepted",
            },
        )
    entry = AuditEntry.objects.get(pk=entry.pk)
    assert (entry.actor, entry.actor_label) == (wuhou_clerk, "武侯区窗口 李娜")
    assert (entry.entity_type, entry.entity_id) == ("orders.serviceorder", str(order.pk))
    assert (entry.channel, entry.ip) == ("window", "10.1.2.3")
    assert entry.before == {"applicant_phone": "139****5678", "status": "submitted"}
    assert entry.after == {
        "applicant_phone": "139****0000",
        "applicant_id_number": "5101**********" + ID_NUMBER[-4:],
        "guardian_phone": "137****1111",
        "contact": {"phone": "136****2222"},
        "status": "accepted",
    }


def test_system_actor_and_a_forged_forwarded_for_header(wuhou_clerk):
    order = service_order("510107")
    with request_meta(channel="api", ip="not-an-ip"):
        entry = audit_record(actor=None, action="order.overdue", entity=order, before=None, after=None)
    assert entry.actor is None and entry.actor_label == "system"
    assert entry.ip is None  # refused garbage rather than failing the caller's transaction
