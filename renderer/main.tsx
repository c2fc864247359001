import { firstRequestsSent, prefetchSessions, prefetchTargets } from './state/prefetch';
import './styles.css';

// The list's first rows and the targets are fetched while the browser loads and evaluates React
// and the rest of the app (a separate chunk), instead of after: the first paint has them at once.
void prefetchSessions();
prefetchTargets();
void firstRequestsSent()
  .then(() => import('./root'))
  .then(({ mountApp }) => mountApp());
