-- Time to playable (issue 25): whether the original could be published as it is (remuxed, no
-- re-encode) right after its probe, and if not, why (one sentence per reason, newline-separated);
-- null until the playable step has looked. A rendition made by that remux says so.
alter table asset
    add column standard_input       boolean,
    add column non_standard_reasons text;

alter table rendition
    add column remuxed boolean not null default false;
