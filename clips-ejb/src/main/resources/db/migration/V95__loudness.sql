-- Loudness normalisation (issue 26): the source's audio as BS.1770 measured it at the probe, the
-- target it was brought to (null: normalisation off), and its top rendition's audio as measured
-- after the encode (written by its own update, once per run).
alter table asset
    add column loudness_input_lufs            double precision,
    add column loudness_input_threshold_lufs  double precision,
    add column loudness_input_range_lu        double precision,
    add column loudness_input_true_peak_dbtp  double precision,
    add column loudness_target_lufs           double precision,
    add column loudness_target_true_peak_dbtp double precision,
    add column loudness_output_lufs           double precision,
    add column loudness_output_true_peak_dbtp double precision;

-- a tenant's encoding profile: normalise or not, and to what (each null: the platform's setting)
alter table tenant
    add column loudness_normalize      boolean,
    add column loudness_target_lufs    double precision,
    add column loudness_true_peak_dbtp double precision;
