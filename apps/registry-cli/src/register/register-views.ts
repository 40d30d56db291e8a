/**
 * The register's tables, derived once with SQL from the raw fact tables (raw-tables.ts) and kept as
 * tables (every command reads them several times). Internal ids,
 * NINs and exact dates: never shown to an analyst as they are (sql/disclosed-views.ts coarsens them).
 * Half-open periods [from, to); the latest fact by log position wins. Corrections count as the API's
 * read models count them (projections/person-register, link-index): a fact annulled by a correction
 * (FactAnnulled, issue 11) never happened, and what it caused is undone by the events recorded with
 * the correction (PatientUnlistingAnnulled, PendingListingWithdrawn, WaitingListJoined); the tables
 * answer as the register knows now.
 */

/** An Oslo business date from an ISO instant. */
const osloDate = (instant: string) =>
  `CAST(timezone('Europe/Oslo', CAST(${instant} AS TIMESTAMPTZ)) AS DATE)`;

/** The rows of a raw fact table whose event no correction annulled. */
const unannulled = (table: string) =>
  `CREATE VIEW k_${table.slice(3)} AS
   SELECT f.* FROM ${table} f ANTI JOIN ev_fact_annulled a ON a.annulled_event_id = f.event_id`;

export const EXACT_VIEWS: readonly string[] = [
  // Issue 11: a death, emigration, move or opt-out annulled by a correction is left out (k_ = kept).
  unannulled('ev_person_moved'),
  unannulled('ev_person_left'),
  unannulled('ev_person_opt'),
  // §1.8: renumberings (code changes, never moves) in force, those annulled by a later correction left out.
  `CREATE TABLE x_renumberings AS
   SELECT r.old_number, r.new_number, CAST(r.effective_from AS DATE) AS effective_from, r.registered_at
   FROM ev_renumbered r
   ANTI JOIN ev_renumbering_annulled a ON a.old_number = r.old_number AND a.new_number = r.new_number
     AND a.effective_from = r.effective_from AND a.pos > r.pos`,
  // Every number as it is called today: renumberings in force by today followed in date order
  // (0219 -> 3024 on 2020-01-01 -> 3201 on 2024-01-01 gives 0219 -> 3201).
  `CREATE TABLE x_municipality_now AS
   WITH RECURSIVE chain(number, now_number, since, depth) AS (
     SELECT old_number, new_number, effective_from, 1 FROM x_renumberings WHERE effective_from <= current_date
     UNION ALL
     SELECT c.number, r.new_number, r.effective_from, c.depth + 1 FROM chain c
     JOIN x_renumberings r ON r.old_number = c.now_number AND r.effective_from >= c.since AND r.effective_from <= current_date
     WHERE c.depth < 20)
   SELECT number, arg_max(now_number, depth) AS now_number FROM chain GROUP BY number`,
  // Every emigration that stands, with the day a later move brought the person back (R1: a registered
  // move back into Norway makes an emigrant resident again), null while abroad.
  `CREATE TABLE x_emigrations AS
   SELECT e.person_id, CAST(e.on_date AS DATE) AS emigrated_on, e.registered_at,
          CAST(m.moved_on AS DATE) AS returned_on, e.pos
   FROM k_person_left e ASOF LEFT JOIN k_person_moved m ON m.person_id = e.person_id AND m.pos > e.pos
   WHERE e.kind = 'EMIGRATION'`,
  // A move records the person's household then (none: null), as the residence; the last move's holds.
  // A new identity number has its own kind (R41: a D-number replaced by a fødselsnummer is FNR).
  // emigrated_on is the person's current emigration (as opted_out_on is the current opt-out): none once back.
  `CREATE TABLE x_persons AS
   WITH nin AS (SELECT person_id, arg_max(new_nin, pos) AS nin FROM ev_person_nin GROUP BY person_id),
        moved AS (SELECT person_id, arg_max(municipality, pos) AS municipality, arg_max_null(household_id, pos) AS household_id
                  FROM k_person_moved GROUP BY person_id),
        died AS (SELECT person_id, arg_min(on_date, pos) AS on_date, arg_min(registered_at, pos) AS registered_at FROM k_person_left WHERE kind = 'DEATH' GROUP BY person_id),
        emigrated AS (SELECT person_id, arg_max(emigrated_on, pos) AS on_date, arg_max(registered_at, pos) AS registered_at
                      FROM x_emigrations WHERE returned_on IS NULL GROUP BY person_id),
        opt AS (SELECT person_id, arg_max(opted_out, pos) AS opted_out, arg_max(on_date, pos) AS on_date, arg_max(registered_at, pos) AS registered_at FROM k_person_opt GROUP BY person_id)
   SELECT r.person_id, coalesce(nin.nin, r.nin) AS nin,
          CASE WHEN nin.nin IS NULL THEN r.nin_kind WHEN left(nin.nin, 1) >= '4' THEN 'DNR' ELSE 'FNR' END AS nin_kind,
          CAST(r.birth_date AS DATE) AS birth_date, r.sex,
          r.municipality AS first_municipality, coalesce(moved.municipality, r.municipality) AS municipality,
          coalesce(mn.now_number, moved.municipality, r.municipality) AS municipality_now,
          CASE WHEN moved.person_id IS NULL THEN r.household_id ELSE moved.household_id END AS household_id,
          r.entitlement, CAST(r.registered_on AS DATE) AS registered_on, r.registered_at,
          CAST(died.on_date AS DATE) AS died_on, CAST(emigrated.on_date AS DATE) AS emigrated_on,
          CASE WHEN opt.opted_out THEN CAST(opt.on_date AS DATE) END AS opted_out_on,
          died.registered_at AS died_registered_at, emigrated.registered_at AS emigrated_registered_at,
          CASE WHEN opt.opted_out THEN opt.registered_at END AS opted_out_registered_at
   FROM ev_person_registered r
   LEFT JOIN nin USING (person_id) LEFT JOIN moved USING (person_id) LEFT JOIN died USING (person_id)
   LEFT JOIN emigrated USING (person_id) LEFT JOIN opt USING (person_id)
   LEFT JOIN x_municipality_now mn ON mn.number = coalesce(moved.municipality, r.municipality)`,
  `CREATE TABLE x_moves AS
   SELECT person_id, CAST(moved_on AS DATE) AS moved_on, from_municipality, municipality, registered_at, pos
   FROM k_person_moved`,
  // Pending links withdrawn before they took effect never existed for the register (§4.3), nor did a
  // placement a correction annulled (withdrawn with it). A link's latest end holds; an end a correction
  // took back (PatientUnlistingAnnulled) leaves it open again (to_date NULL), as the link index has it.
  `CREATE TABLE x_links AS
   WITH ended AS (
     SELECT association_id, to_date, end_reason,
            CASE WHEN to_date IS NOT NULL THEN registered_at END AS registered_at
     FROM ev_unlisted QUALIFY row_number() OVER (PARTITION BY association_id ORDER BY pos DESC) = 1)
   SELECT l.person_id, l.association_id, l.contract_id, CAST(l.from_date AS DATE) AS from_date,
          CAST(ended.to_date AS DATE) AS to_date, l.begin_reason, ended.end_reason, l.counts_toward_limit,
          l.registered_at, ended.registered_at AS end_registered_at, l.pos
   FROM ev_listed l LEFT JOIN ended USING (association_id)
   ANTI JOIN ev_withdrawn w ON w.association_id = l.association_id
   WHERE ended.to_date IS NULL OR ended.to_date > l.from_date`,
  // Detail updates in force today (valid time, as municipality_now): per field, the one with the latest
  // valid_from, then the latest recorded (applyDated); arg_max passes over the updates that left it null.
  `CREATE TABLE x_contracts AS
   WITH details AS (SELECT contract_id, arg_max(office_org_no, (valid_from, pos)) AS office_org_no,
                           arg_max(fixed_salary, (valid_from, pos)) AS fixed_salary
                    FROM ev_contract_details WHERE CAST(valid_from AS DATE) <= current_date GROUP BY contract_id),
        ceiling AS (SELECT contract_id, arg_max(max_patients, pos) AS max_patients FROM ev_ceiling GROUP BY contract_id),
        status AS (SELECT contract_id, arg_max(status, pos) AS status FROM ev_status GROUP BY contract_id),
        canceled AS (SELECT contract_id, arg_max(effective_from, pos) AS effective_from, arg_max(end_reason, pos) AS end_reason,
                            arg_max(registered_at, pos) AS registered_at FROM ev_canceled GROUP BY contract_id)
   SELECT c.contract_id, c.municipality, coalesce(mn.now_number, c.municipality) AS municipality_now,
          coalesce(details.office_org_no, c.office_org_no) AS office_org_no, coalesce(ceiling.max_patients, c.max_patients) AS max_patients,
          CAST(c.valid_from AS DATE) AS valid_from, CAST(canceled.effective_from AS DATE) AS canceled_from,
          canceled.end_reason, c.common_list, coalesce(details.fixed_salary, c.fixed_salary) AS fixed_salary,
          coalesce(status.status, c.status) AS status, c.registered_at, canceled.registered_at AS canceled_registered_at
   FROM ev_contract_created c LEFT JOIN details USING (contract_id) LEFT JOIN ceiling USING (contract_id)
   LEFT JOIN status USING (contract_id) LEFT JOIN canceled USING (contract_id)
   LEFT JOIN x_municipality_now mn ON mn.number = c.municipality`,
  `CREATE TABLE x_doctor_periods AS
   WITH ended AS (SELECT period_id, arg_max(to_date, pos) AS to_date FROM ev_doctor_ended GROUP BY period_id)
   SELECT s.period_id, s.contract_id, s.hpr, s.relationship, CAST(s.from_date AS DATE) AS from_date,
          CAST(coalesce(ended.to_date, s.to_date) AS DATE) AS to_date, s.substitute_for_hpr, s.working_percentage,
          s.registered_at
   FROM ev_doctor_started s LEFT JOIN ended USING (period_id)
   WHERE coalesce(ended.to_date, s.to_date) IS NULL OR coalesce(ended.to_date, s.to_date) > s.from_date`,
  // A GP's name and specialist status as updated, in force today (as the contracts' details above).
  `CREATE TABLE x_gps AS
   WITH details AS (SELECT hpr, arg_max(name, (valid_from, pos)) AS name, arg_max(specialist, (valid_from, pos)) AS specialist
                    FROM ev_gp_details WHERE CAST(valid_from AS DATE) <= current_date GROUP BY hpr)
   SELECT hpr, coalesce(details.name, g.name) AS name, g.birth_date, g.sex,
          coalesce(details.specialist, g.specialist) AS specialist, g.registered_at
   FROM (SELECT hpr, arg_max(name, pos) AS name, CAST(arg_max(birth_date, pos) AS DATE) AS birth_date,
                arg_max(sex, pos) AS sex, arg_max(specialist, pos) AS specialist, min(registered_at) AS registered_at
         FROM ev_gp GROUP BY hpr) g LEFT JOIN details USING (hpr)`,
  // One entry per join; a later join replaces an entry that has no recorded leave (R23: one entry a person).
  // A correction puts an entry its wrong fact ended back with its original join time (its place): that
  // join continues the entry, so only its row is kept, under the entry's first record time.
  `CREATE TABLE x_waiting AS
   WITH j AS (
     SELECT *, lead(pos) OVER (PARTITION BY person_id ORDER BY pos) AS next_pos,
            lead(joined_at) OVER (PARTITION BY person_id ORDER BY pos) AS next_joined_at
     FROM ev_waiting_joined)
   SELECT j.person_id, j.contract_id, j.joined_at, ${osloDate('j.joined_at')} AS joined_on, j.requested_by,
          CASE WHEN w.pos IS NOT NULL AND (j.next_pos IS NULL OR w.pos < j.next_pos) THEN CAST(w.on_date AS DATE)
               WHEN j.next_pos IS NOT NULL THEN ${osloDate('j.next_joined_at')} END AS left_on,
          CASE WHEN w.pos IS NOT NULL AND (j.next_pos IS NULL OR w.pos < j.next_pos) THEN w.reason
               WHEN j.next_pos IS NOT NULL THEN 'REPLACED' END AS leave_reason,
          arg_min(j.registered_at, j.pos) OVER (PARTITION BY j.person_id, j.contract_id, j.joined_at) AS registered_at,
          CASE WHEN w.pos IS NOT NULL AND (j.next_pos IS NULL OR w.pos < j.next_pos) THEN w.registered_at
               WHEN j.next_pos IS NOT NULL THEN j.next_joined_at END AS left_registered_at
   FROM j ASOF LEFT JOIN ev_waiting_left w ON j.person_id = w.person_id AND w.pos >= j.pos
   QUALIFY row_number() OVER (PARTITION BY j.person_id, j.contract_id, j.joined_at ORDER BY j.pos DESC) = 1`,
];
