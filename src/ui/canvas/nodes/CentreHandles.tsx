import { Handle, Position } from '@xyflow/react';

const centre = { left: '50%', top: '50%', transform: 'translate(-50%, -50%)' } as const;

/**
 * Every link is drawn centre to centre (straight), the same geometry packet-path.ts uses,
 * so the marker travels exactly along the drawn edges. The handles are invisible.
 */
export function CentreHandles() {
  return (
    <>
      <Handle id="s" type="source" position={Position.Top} isConnectable={false} className="centre-handle" style={centre} />
      <Handle id="t" type="target" position={Position.Top} isConnectable={false} className="centre-handle" style={centre} />
    </>
  );
}
