-- A failed upload session keeps the catalogue entry of its refusal (ProblemType's name); its
-- status and title come from the catalogue, so the stored status goes.
update upload_session set problem_type = upper(replace(problem_type, '-', '_')) where problem_type is not null;
alter table upload_session drop column problem_status;
