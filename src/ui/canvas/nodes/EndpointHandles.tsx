import { Handle, Position } from '@xyflow/react';

const bottom = { left: '50%', top: '100%', transform: 'translate(-50%, -50%)' } as const;
const top = { left: '50%', top: 0, transform: 'translate(-50%, -50%)' } as const;

/** A Service's links leave its card at the bottom ("svc") and reach an endpoint at its top ("ep"). Invisible. */
export function ServiceHandle() {
  return <Handle id="svc" type="source" position={Position.Bottom} isConnectable={false} className="centre-handle" style={bottom} />;
}

export function EndpointHandle() {
  return <Handle id="ep" type="target" position={Position.Top} isConnectable={false} className="centre-handle" style={top} />;
}
