import { useState } from 'react';
import { Modal } from '../../components/modal';
import { useStore } from '../../state/store';
import { selectNavigate } from '../../state/ui-slice';
import { ComparePicker } from './compare-picker';

/**
 * "Compare with…" for a session's detail header: picks another session (or one of its runs)
 * and opens the comparison with this session on the left.
 */
export function CompareWithButton({ sessionId }: { sessionId: string }) {
  const navigate = useStore(selectNavigate);
  const [isOpen, setIsOpen] = useState(false);
  return (
    <>
      <button type="button" className="button" data-testid="compare-with" onClick={() => setIsOpen(true)}>
        Compare with…
      </button>
      {isOpen && (
        <Modal title="Compare with" onClose={() => setIsOpen(false)} className="compare-picker-modal">
          <ComparePicker
            title="Compare with…"
            onPick={(side) => {
              setIsOpen(false);
              navigate({
                view: 'compare',
                left: sessionId,
                right: side.sessionId,
                ...(side.runId ? { rightRun: side.runId } : {}),
              });
            }}
          />
        </Modal>
      )}
    </>
  );
}
