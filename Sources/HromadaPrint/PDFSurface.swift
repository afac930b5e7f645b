import CCairo

/// Collects what Cairo writes; lives until the surface is destroyed.
final class ByteSink {
    var bytes: [UInt8] = []
}

/// Owns one Cairo PDF surface that writes into a ``ByteSink``.
final class PDFSurface {
    let handle: OpaquePointer
    private let sink: ByteSink

    init(writingTo sink: ByteSink, width: Double, height: Double) throws(CertificatePrintError) {
        self.sink = sink
        let closure = Unmanaged.passUnretained(sink).toOpaque()
        guard let surface = cairo_pdf_surface_create_for_stream({ closure, data, length in
            guard let closure, let data else { return CAIRO_STATUS_WRITE_ERROR }
            let sink = Unmanaged<ByteSink>.fromOpaque(closure).takeUnretainedValue()
            sink.bytes.append(contentsOf: UnsafeBufferPointer(start: data, count: Int(length)))
            return CAIRO_STATUS_SUCCESS
        }, closure, width, height) else {
            throw CertificatePrintError(.cairoFailed, reason: "cairo_pdf_surface_create_for_stream returned nothing")
        }
        handle = surface
        try checkStatus("cairo_pdf_surface_create_for_stream")
    }

    deinit { cairo_surface_destroy(handle) }

    func setMetadata(_ key: cairo_pdf_metadata_t, _ value: String) {
        cairo_pdf_surface_set_metadata(handle, key, Canvas.plain(value))
    }

    /// Writes the rest of the PDF into the sink.
    func finish() throws(CertificatePrintError) {
        cairo_surface_finish(handle)
        try checkStatus("writing the PDF")
    }

    private func checkStatus(_ step: String) throws(CertificatePrintError) {
        let status = cairo_surface_status(handle)
        guard status == CAIRO_STATUS_SUCCESS else {
            throw CertificatePrintError(.cairoFailed, reason: "\(step): \(String(cString: cairo_status_to_string(status)))")
        }
    }
}

