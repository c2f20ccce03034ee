"use client";

import * as RadixDialog from "@radix-ui/react-dialog";
import { Button } from "./button";

export const Dialog = RadixDialog.Root;
export const DialogTrigger = RadixDialog.Trigger;
export const DialogClose = RadixDialog.Close;

interface DialogContentProps extends RadixDialog.DialogContentProps {
  title: string;
  description?: React.ReactNode;
  wide?: boolean;
  /** What the close button does instead of closing (a step that asks first); Escape is the caller's to handle too. */
  onClose?: () => void;
}

const CLOSE_ICON = (
  <svg viewBox="0 0 20 20" className="size-5" fill="currentColor" aria-hidden>
    <path d="M6.28 5.22a.75.75 0 0 0-1.06 1.06L8.94 10l-3.72 3.72a.75.75 0 1 0 1.06 1.06L10 11.06l3.72 3.72a.75.75 0 1 0 1.06-1.06L11.06 10l3.72-3.72a.75.75 0 0 0-1.06-1.06L10 8.94 6.28 5.22Z" />
  </svg>
);
const CLOSE_CLASSES = "-m-1 rounded-md p-1 text-zinc-500 hover:bg-zinc-100 hover:text-zinc-900";

export function DialogContent({ title, description, wide, onClose, children, ...props }: DialogContentProps) {
  return (
    <RadixDialog.Portal>
      <RadixDialog.Overlay className="animate-overlay-in fixed inset-0 z-40 bg-zinc-950/40 backdrop-blur-[1px]" />
      <RadixDialog.Content
        {...props}
        {...(description ? {} : { "aria-describedby": undefined })}
        className={`animate-content-in fixed top-1/2 left-1/2 z-50 max-h-[92vh] w-[calc(100vw-1.5rem)] -translate-x-1/2 -translate-y-1/2 overflow-y-auto rounded-xl bg-white p-5 shadow-2xl ring-1 ring-zinc-200 focus:outline-none sm:p-6 ${
          wide ? "max-w-2xl" : "max-w-md"
        }`}
      >
        <div className="mb-4 flex items-start justify-between gap-4">
          <div className="space-y-1">
            <RadixDialog.Title className="text-lg font-semibold text-zinc-900">{title}</RadixDialog.Title>
            {description && <RadixDialog.Description className="text-sm text-zinc-600">{description}</RadixDialog.Description>}
          </div>
          {onClose ? (
            <button type="button" onClick={onClose} className={CLOSE_CLASSES} aria-label="Close">
              {CLOSE_ICON}
            </button>
          ) : (
            <RadixDialog.Close className={CLOSE_CLASSES} aria-label="Close">
              {CLOSE_ICON}
            </RadixDialog.Close>
          )}
        </div>
        {children}
      </RadixDialog.Content>
    </RadixDialog.Portal>
  );
}

interface DialogActionsProps {
  /** The confirming button's text, and what it says while the change runs. */
  confirm: React.ReactNode;
  pendingLabel?: string;
  pending: boolean;
  variant?: "primary" | "danger";
  /** Absent: the button submits the dialog's form. */
  onConfirm?: () => void;
  /** A rule above the buttons, for dialogs whose form is long. */
  divided?: boolean;
}

/** A dialog's Cancel and confirm buttons: side by side on the right, stacked with the confirm one on top on a phone. */
export function DialogActions({
  confirm,
  pendingLabel = "Working…",
  pending,
  variant = "primary",
  onConfirm,
  divided,
}: DialogActionsProps) {
  return (
    <div
      className={`flex flex-col-reverse gap-2 sm:flex-row sm:justify-end ${divided ? "border-t border-zinc-100 pt-4" : "mt-4"}`}
    >
      <DialogClose asChild>
        <Button variant="secondary">Cancel</Button>
      </DialogClose>
      <Button type={onConfirm ? "button" : "submit"} variant={variant} onClick={onConfirm} disabled={pending}>
        {pending ? pendingLabel : confirm}
      </Button>
    </div>
  );
}
