import QRCode from "qrcode";

/**
 * The enrolment's QR code as a PNG data URL, drawn on the server: the secret never goes to a third party to be
 * drawn, and the page shows it as an image (the Content-Security-Policy allows data: images).
 */
export function totpQrDataUrl(uri: string): Promise<string> {
  return QRCode.toDataURL(uri, { errorCorrectionLevel: "M", margin: 1, width: 200 });
}
