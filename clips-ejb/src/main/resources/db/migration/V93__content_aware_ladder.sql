-- The content-aware ladder (issue 25): how far above the presets' CRF the asset's rungs are
-- encoded, chosen by a complexity probe of the source, and why; null until the probe ran.
alter table asset
    add column crf_offset    integer,
    add column ladder_reason text;

-- the CRF a rendition was encoded at (its preset's, or above it by the asset's choice); null for
-- a remuxed one
alter table rendition
    add column crf integer;
