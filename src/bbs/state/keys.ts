// The KV keys of stored records (the format types.ts documents): JetStream KV
// keys allow only [-/_=.a-zA-Z0-9], which process and task guids already
// satisfy; domain names may hold anything, so they are hex-encoded.
import type { ActualLRP, ActualLRPPresence } from '../../common/models.ts';

export function actualKey(processGuid: string, index: number, presence: ActualLRPPresence): string {
  return `${processGuid}.${index}.${presence}`;
}

export function actualKeyOf(lrp: ActualLRP): string {
  return actualKey(lrp.key?.process_guid ?? '', lrp.key?.index ?? 0, lrp.presence);
}

export function desiredKey(processGuid: string): string {
  return processGuid;
}

export function taskKey(taskGuid: string): string {
  return taskGuid;
}

export function domainKey(domain: string): string {
  return Buffer.from(domain, 'utf8').toString('hex');
}
