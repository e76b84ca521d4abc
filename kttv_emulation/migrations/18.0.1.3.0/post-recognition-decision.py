def migrate(cr, version):
    """Recognised exemplars of a database before 18.0.1.3.0 name their decision.

    ``recognition_decision_id`` is new: the latest signed decision among the
    exemplar's decisions, as the certificate read it until then.  Safe to run
    twice.
    """
    if not version:
        return
    cr.execute(
        """
        UPDATE kttv_exemplar_registration registration
           SET recognition_decision_id = latest.decision_id
          FROM (
                SELECT DISTINCT ON (rel.registration_id) rel.registration_id, rel.decision_id
                  FROM kttv_decision_registration_rel rel
                  JOIN kttv_emulation_decision decision ON decision.id = rel.decision_id
                 WHERE decision.state = 'signed'
              ORDER BY rel.registration_id, decision.date DESC, decision.id DESC
               ) latest
         WHERE registration.id = latest.registration_id
           AND registration.recognition_decision_id IS NULL
        """
    )
