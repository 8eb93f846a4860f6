-- Issue 27: a streamed upload's staging object is an S3 multipart upload that only the node
-- streaming it can complete. The node records it while it writes; when a kill cut the stream
-- off, the node's next start aborts the multipart upload instead of leaving it for the 6 h sweep.
create table staging_write (
    staging_key varchar(512) primary key,
    node        varchar(128) not null,
    started_at  timestamptz  not null
);
create index staging_write_node_idx on staging_write (node);
