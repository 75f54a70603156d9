import { formatAbsolute, formatRelative } from '../format';
import { useNow } from '../hooks/useNow';

/** "5 minutes ago", with the exact time in a tooltip and in the markup for machines. */
export function RelativeTime({ iso, prefix }: { iso: string; prefix?: string }) {
  const now = useNow();
  const absolute = formatAbsolute(iso);
  return (
    <time dateTime={iso} title={absolute}>
      {prefix ? `${prefix} ` : ''}
      {formatRelative(iso, now)}
    </time>
  );
}
