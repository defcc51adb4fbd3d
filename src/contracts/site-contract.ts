import type { SiteData } from '../cube/site-data.js';
import type { Logger } from '../log.js';
import { checkRange } from './check-range.js';
import { ROLES, type RoleName } from './roles.js';

/** The roles of a site series' columns: the two SM inputs, LST, the observations. */
const SITE_ROLES: readonly RoleName[] = ['sm', 'sm', 'lst', 'sm'];

/** A site series held to the input contracts, column by column; a value outside is named by its date and column. */
export function enforceSiteContract(site: SiteData, log: Logger): void {
  const { smap, clm, lst, obs } = site.cube;
  [smap, clm, lst, obs].forEach((data, k) => {
    const column = site.names[k];
    checkRange(
      { key: column, file: site.file, data, width: 1, height: 1, where: (i) => `${site.dates[i]} (column ${column})` },
      ROLES[SITE_ROLES[k]],
      log,
    );
  });
}
