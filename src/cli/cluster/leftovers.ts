// Containers a cell leaves behind when it dies without evacuating (kill -9):
// `gantry down` removes those of its own cells, found by the cell-id label
// the docker executor puts on every container and on the volume of each
// container's droplet overlay.
import Docker from 'dockerode';
import { LABEL } from '../../cell-rep/executor/docker/labels.ts';

export async function removeLeftoverContainers(cellIds: string[], docker = new Docker()): Promise<number> {
  if (!cellIds.length) return 0;
  // Docker ANDs label filters given together: ask once per cell.
  const containers = (await Promise.all(cellIds.map((id) => docker.listContainers({ all: true, filters: { label: [`${LABEL.cellId}=${id}`] } })))).flat();
  await Promise.all(containers.map((c) => docker.getContainer(c.Id).remove({ force: true, v: true }).catch(() => undefined)));
  // The droplet overlays are volumes of their own, labelled with the cell too.
  const volumes = (await Promise.all(cellIds.map((id) => docker.listVolumes({ filters: { label: [`${LABEL.cellId}=${id}`] } })))).flatMap((r) => r.Volumes ?? []);
  await Promise.all(volumes.map((v) => docker.getVolume(v.Name).remove().catch(() => undefined)));
  return containers.length;
}
