-- One live (not soft-deleted) asset per tenant and content. Registration looks for the same content
-- under the tenant's row lock (Assets.registerUnlessPresent), so the loser of a race for the same
-- bytes gets the winner's asset; this index makes a second live copy impossible on any path.
-- Copies that concurrent uploads made before it existed: the oldest stays live, the others are
-- soft-deleted (restorable once the kept one is deleted).
update asset a
   set status_before_delete = a.status, status = 'DELETED', deleted_at = now()
 where a.status <> 'DELETED'
   and exists (select 1 from asset b
                where b.tenant_id = a.tenant_id and b.content_hash = a.content_hash
                  and b.status <> 'DELETED' and b.id < a.id);
create unique index asset_live_content on asset (tenant_id, content_hash) where status <> 'DELETED';
